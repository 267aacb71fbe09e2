// The SAT .key in the browser, shared by the one-document and the batch signing pages: decrypted here (node-forge:
// PBES2 / PBKDF2-SHA1 / 3DES, which WebCrypto lacks) and used through WebCrypto (RSASSA-PKCS1-v1_5 / SHA-256). The
// key file and its password never leave the page; only signature values are posted.
(function () {
  "use strict";

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

  // Reads and decrypts the chosen .key once, checks it against the certificate's modulus, and returns
  // firmar(bytes) → Promise<Uint8Array> (the key imported into WebCrypto once, not extractable).
  async function desbloquear(archivo, contrasena, modulo) {
    var bytes = await leer(archivo);
    var descifrada = descifrar(bytes, contrasena);
    bytes.fill(0);
    if (modulo && descifrada.llave.n.toString(16) !== modulo) {
      throw new Error("La llave privada (.key) no corresponde al certificado elegido.");
    }
    if (window.crypto && window.crypto.subtle) {
      var der = deBinario(forge.asn1.toDer(descifrada.info).getBytes());
      var clave = await window.crypto.subtle.importKey(
        "pkcs8", der, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["sign"]
      );
      der.fill(0);
      return async function (datos) {
        return new Uint8Array(await window.crypto.subtle.sign("RSASSA-PKCS1-v1_5", clave, datos));
      };
    }
    var llave = descifrada.llave;
    return async function (datos) {
      var md = forge.md.sha256.create();
      md.update(aBinario(datos));
      return deBinario(llave.sign(md));
    };
  }

  async function enviar(url, cuerpo, csrf) {
    var respuesta = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, "Accept": "application/json" },
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

  // Both phases for one request: prepare, sign the attributes and the cadena original (the sello), complete.
  async function firmarSolicitud(firmar, urls, certificado, csrf) {
    var preparacion = await enviar(urls.preparar, { certificado: certificado }, csrf);
    var firma = await firmar(deBinario(atob(preparacion.atributos)));
    var sello = await firmar(new TextEncoder().encode(preparacion.cadena));
    return enviar(urls.completar, { firma: btoa(aBinario(firma)), sello: btoa(aBinario(sello)) }, csrf);
  }

  window.SAIFirma = { desbloquear: desbloquear, firmarSolicitud: firmarSolicitud };
})();
