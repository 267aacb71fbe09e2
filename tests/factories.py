import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from sai.org.models import Perfil, UnidadAdministrativa


class UnidadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnidadAdministrativa
        django_get_or_create = ("siglas",)

    siglas = factory.Sequence(lambda n: f"UA{n}")
    nombre = factory.LazyAttribute(lambda o: f"Unidad {o.siglas}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"usuario{n}")
    first_name = "Persona"
    last_name = "De Prueba"
    password = factory.django.Password("contrasena-de-prueba")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        Perfil.objects.create(usuario=self, unidad=UnidadFactory(), cargo="Analista")
        if extracted:
            self.groups.set(Group.objects.filter(name__in=extracted))
            assert self.groups.count() == len(extracted), f"unknown role in {extracted}"
