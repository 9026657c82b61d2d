from leerweg.assessment.views import feedback, peer, progress, rubrics

app_name = "assessment"

urlpatterns = [
    # The feedback inbox, and feedback and self-assessment on evidence and own goals.
    *feedback.urlpatterns,
    # The school's rubric library.
    *rubrics.urlpatterns,
    # Progress per learning goal.
    *progress.urlpatterns,
    # Peer feedback: classmates' tops and tips, and its moderation per group.
    *peer.urlpatterns,
]
