app_name = "firma"

# Pages arrive with the firma issue (signing, validation, the public /verifica/ page).
urlpatterns: list = []
