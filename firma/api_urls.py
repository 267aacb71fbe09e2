from django.urls import path

from firma import api, api_suplencias

urlpatterns = [
    path("certificados/", api.CertificadoListView.as_view(), name="firma-certificados"),
    path("solicitudes/", api.SolicitudCreateView.as_view(), name="firma-solicitudes"),
    path("solicitudes/<uuid:uuid>/", api.SolicitudDetailView.as_view(), name="firma-solicitud"),
    path("solicitudes/<uuid:uuid>/pdf/", api.SolicitudPdfView.as_view(), name="firma-solicitud-pdf"),
    path(
        "solicitudes/<uuid:uuid>/constancia/", api.SolicitudConstanciaView.as_view(), name="firma-solicitud-constancia"
    ),
    path("solicitudes/<uuid:uuid>/preparar/", api.PrepararView.as_view(), name="firma-preparar"),
    path("solicitudes/<uuid:uuid>/completar/", api.CompletarView.as_view(), name="firma-completar"),
    path("solicitudes/<uuid:uuid>/firmar/", api.FirmarServidorView.as_view(), name="firma-firmar"),
    path("solicitudes/<uuid:uuid>/cancelar/", api.SolicitudCancelarView.as_view(), name="firma-cancelar"),
    path("solicitudes/<uuid:uuid>/rechazar/", api.SolicitudRechazarView.as_view(), name="firma-rechazar"),
    path("solicitudes/<uuid:uuid>/reasignar/", api.SolicitudReasignarView.as_view(), name="firma-reasignar"),
    path("lote/firmar/", api.FirmarLoteView.as_view(), name="firma-lote-firmar"),
    path("suplencias/", api_suplencias.SuplenciaListView.as_view(), name="firma-suplencias"),
    path("validar/", api.ValidarView.as_view(), name="firma-validar"),
    path("verificar/", api.VerificarView.as_view(), name="firma-verificar"),
]
