from leerweg.assessment.views import feedback, progress, rubrics

app_name = "assessment"

urlpatterns = [
    # The feedback inbox, and feedback and self-assessment on evidence and own goals.
    *feedback.urlpatterns,
    # The school's rubric library.
    *rubrics.urlpatterns,
    # Progress per learning goal.
    *progress.urlpatterns,
]
