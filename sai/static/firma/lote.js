// Batch signing in the browser: the .key is unlocked once (llave.js), then each selected request is prepared,
// signed and completed in turn. One document's failure is listed and the batch goes on.
(function () {
  "use strict";
  var form = document.getElementById("lote-form");
  if (!form) return;
  var estado = document.getElementById("firma-estado");
  var boton = document.getElementById("firmar");
  var progreso = document.getElementById("lote-progreso");
  var resultados = document.getElementById("lote-resultados");

  function mostrar(texto, error) {
    estado.textContent = texto;
    estado.className = error ? "error" : "";
    estado.setAttribute("role", error ? "alert" : "status");
  }

  function anotar(casilla, texto, error) {
    var renglon = document.createElement("li");
    renglon.className = error ? "error" : "ok";
    renglon.dataset.solicitud = casilla.value;
    renglon.textContent = casilla.dataset.folio + ": " + texto;
    resultados.appendChild(renglon);
  }

  form.addEventListener("submit", async function (evento) {
    evento.preventDefault();
    var casillas = Array.prototype.slice.call(form.querySelectorAll("input[name=solicitud]:checked"));
    var entradaLlave = document.getElementById("llave");
    var entradaContrasena = document.getElementById("contrasena");
    var seleccion = document.getElementById("certificado");
    var opcion = seleccion.options[seleccion.selectedIndex];
    if (!casillas.length) { mostrar("Elija al menos un documento.", true); return; }
    if (!entradaLlave.files.length) { mostrar("Elija el archivo de su llave privada (.key).", true); return; }
    if (!entradaContrasena.value) { mostrar("Escriba la contraseña de la llave privada.", true); return; }
    boton.disabled = true;
    var firmar;
    try {
      mostrar("Descifrando la llave en su navegador…", false);
      firmar = await SAIFirma.desbloquear(entradaLlave.files[0], entradaContrasena.value, opcion.dataset.modulo);
    } catch (e) {
      mostrar(e.message || String(e), true);
      boton.disabled = false;
      return;
    }
    entradaContrasena.value = "";
    entradaLlave.value = "";
    resultados.textContent = "";
    progreso.max = casillas.length;
    progreso.value = 0;
    var fallidas = 0;
    for (var i = 0; i < casillas.length; i++) {
      var casilla = casillas[i];
      mostrar("Firmando " + (i + 1) + " de " + casillas.length + "…", false);
      try {
        await SAIFirma.firmarSolicitud(
          firmar, { preparar: casilla.dataset.preparar, completar: casilla.dataset.completar },
          Number(seleccion.value), form.dataset.csrf
        );
        casilla.checked = false;
        casilla.disabled = true;
        anotar(casilla, "firmado.", false);
      } catch (e) {
        fallidas++;
        anotar(casilla, "no se firmó: " + (e.message || String(e)), true);
      }
      progreso.value = i + 1;
    }
    firmar = null;
    var firmadas = casillas.length - fallidas;
    mostrar(firmadas + " de " + casillas.length + " documentos firmados" +
      (fallidas ? "; " + fallidas + " no se firmaron (vea la lista)." : "."), fallidas > 0);
    estado.dataset.terminado = "1";
    boton.disabled = false;
  });
})();
