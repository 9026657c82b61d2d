"""A realistic, deterministic Dutch demo school board: ``manage.py demo``.

Three schools of one board (primary, secondary, MBO), about 900 students with
their guardians, staff in every role, board and municipality viewers, and
partner organisations, all named by Faker's ``nl_NL`` locale from a fixed
seed. Fixed logins for every role are listed in ``logins``.

The modules, from plain data to the database:

- ``blueprint``: schools, groups, subjects, partners (no ORM);
- ``dates``, ``names``: the school year, dates of birth, names, usernames;
- ``people``, ``staff``, ``students``, ``plan``: the board planned in memory;
- ``logins``: the fixed demo logins and the table the command prints;
- ``loader``: writes a plan in one transaction, once.

Only the ORM-free names are re-exported here, so planning can be imported and
tried without Django set up; import ``loader`` itself for the database side.
"""

from leerweg.demo.blueprint import DEMO_PASSWORD, DemoSize
from leerweg.demo.logins import DEMO_LOGINS, DemoUsername, login_table
from leerweg.demo.plan import demo_plan

__all__ = ["DEMO_LOGINS", "DEMO_PASSWORD", "DemoSize", "DemoUsername", "demo_plan", "login_table"]
