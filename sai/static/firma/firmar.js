// Two-phase signing in the browser: the SAT .key is decrypted here (node-forge: PBES2 / PBKDF2-SHA1 / 3DES, which
// WebCrypto lacks) and signs the attributes prepared by the server (WebCrypto RSASSA-PKCS1-v1_5 / SHA-256). Only the
// certificate id and the signature value are sent; the key file and the password never leave this page.
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

  function leer(archivo) {
    return new Promise(function (resolve, reject) {
      var reader = new FileReader();
      reader.onload = function () { resolve(new Uint8Array(reader.result)); };
      reader.onerror = function () { reject(new Error("No se pudo leer el archivo .key.")); };
      reader.readAsArrayBuffer(archivo);
    });
  }

  function aBinario(bytes) {
    var s = "";
    for (var i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return s;
  }

  function deBinario(s) {
    var bytes = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i) & 0xff;
    return bytes;
  }

  // Returns {info: PKCS#8 PrivateKeyInfo (ASN.1), llave: forge RSA key} or throws a Spanish message.
  function descifrar(bytes, contrasena) {
    var asn1;
    try {
      asn1 = forge.asn1.fromDer(forge.util.createBuffer(aBinario(bytes)));
    } catch (e) {
      throw new Error("El archivo no es una llave privada válida (.key).");
    }
    var info = null;
    try {
      info = forge.pki.decryptPrivateKeyInfo(asn1, contrasena);
    } catch (e) {
      info = null;
    }
    if (!info) throw new Error("La contraseña de la llave privada es incorrecta (o el archivo no es una llave .key).");
    var llave;
    try {
      llave = forge.pki.privateKeyFromAsn1(info);
    } catch (e) {
      throw new Error("La contraseña de la llave privada es incorrecta (o el archivo no es una llave .key).");
    }
    return { info: info, llave: llave };
  }

  async function firmarBytes(descifrada, datos) {
    if (window.crypto && window.crypto.subtle) {
      var der = deBinario(forge.asn1.toDer(descifrada.info).getBytes());
      var clave = await window.crypto.subtle.importKey(
        "pkcs8", der, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["sign"]
      );
      der.fill(0);
      return new Uint8Array(await window.crypto.subtle.sign("RSASSA-PKCS1-v1_5", clave, datos));
    }
    var md = forge.md.sha256.create();
    md.update(aBinario(datos));
    return deBinario(descifrada.llave.sign(md));
  }

  async function enviar(url, cuerpo) {
    var respuesta = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": form.dataset.csrf, "Accept": "application/json" },
      body: JSON.stringify(cuerpo)
    });
    var datos = {};
    try { datos = await respuesta.json(); } catch (e) { datos = {}; }
    if (!respuesta.ok) {
      var detalle = datos.detail || ("Error " + respuesta.status);
      var campos = datos.errors ? Object.values(datos.errors).flat().join("; ") : "";
      throw new Error(campos && campos !== detalle ? detalle + " " + campos : detalle);
    }
    return datos;
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
    var descifrada = null;
    try {
      mostrar("Descifrando la llave en su navegador…", false);
      var bytes = await leer(entradaLlave.files[0]);
      descifrada = descifrar(bytes, entradaContrasena.value);
      bytes.fill(0);
      if (opcion.dataset.modulo && descifrada.llave.n.toString(16) !== opcion.dataset.modulo) {
        throw new Error("La llave privada (.key) no corresponde al certificado elegido.");
      }
      mostrar("Preparando el documento…", false);
      var preparacion = await enviar(form.dataset.preparar, { certificado: Number(seleccion.value) });
      var atributos = deBinario(atob(preparacion.atributos));
      var firma = await firmarBytes(descifrada, atributos);
      var sello = await firmarBytes(descifrada, new TextEncoder().encode(preparacion.cadena));
      descifrada = null;
      mostrar("Incrustando la firma…", false);
      await enviar(form.dataset.completar, { firma: btoa(aBinario(firma)), sello: btoa(aBinario(sello)) });
      entradaContrasena.value = "";
      entradaLlave.value = "";
      mostrar("Documento firmado correctamente.", false);
      window.location.assign(form.dataset.listo);
    } catch (e) {
      mostrar(e.message || String(e), true);
      boton.disabled = false;
    } finally {
      descifrada = null;
    }
  });
})();
