// Two-phase signing of one document in the browser (see llave.js): only the certificate id and the signature
// values are sent; the key file and the password never leave this page.
(function () {
  "use strict";
  var form = document.getElementById("firma-form");
  if (!form) return;
  var estado = document.getElementById("firma-estado");
  var boton = document.getElementById("firmar");

  function mostrar(texto, error) {
    estado.textContent = texto;
    estado.className = error ? "error" : "";
    estado.setAttribute("role", error ? "alert" : "status");
  }

  form.addEventListener("submit", async function (evento) {
    evento.preventDefault();
    var entradaLlave = document.getElementById("llave");
    var entradaContrasena = document.getElementById("contrasena");
    var seleccion = document.getElementById("certificado");
    var opcion = seleccion.options[seleccion.selectedIndex];
    if (!entradaLlave.files.length) { mostrar("Elija el archivo de su llave privada (.key).", true); return; }
    if (!entradaContrasena.value) { mostrar("Escriba la contraseña de la llave privada.", true); return; }
    boton.disabled = true;
    try {
      mostrar("Descifrando la llave en su navegador…", false);
      var firmar = await SAIFirma.desbloquear(entradaLlave.files[0], entradaContrasena.value, opcion.dataset.modulo);
      mostrar("Firmando el documento…", false);
      await SAIFirma.firmarSolicitud(
        firmar, { preparar: form.dataset.preparar, completar: form.dataset.completar },
        Number(seleccion.value), form.dataset.csrf
      );
      firmar = null;
      entradaContrasena.value = "";
      entradaLlave.value = "";
      mostrar("Documento firmado correctamente.", false);
      window.location.assign(form.dataset.listo);
    } catch (e) {
      mostrar(e.message || String(e), true);
      boton.disabled = false;
    }
  });
})();
