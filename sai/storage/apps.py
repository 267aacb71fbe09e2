from django.apps import AppConfig


class StorageConfig(AppConfig):
    name = "sai.storage"
    label = "storage"
    verbose_name = "Almacenamiento"
