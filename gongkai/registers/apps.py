from django.apps import AppConfig


class RegistersConfig(AppConfig):
    name = "gongkai.registers"
    label = "registers"
    verbose_name = "工作登记"
