// The oficio body editor: a contenteditable area with the few formats the server keeps (bold, italic,
// underline, lists, paragraphs). It writes its HTML back into the form's textarea and fires `input`, so the
// htmx autosave sees every change. Without JavaScript the textarea itself is the editor. The server sanitises
// whatever arrives (eoficio/services/cuerpo.py), so this is comfort, not a security boundary.
(function () {
  "use strict";
  var BOTONES = [
    ["bold", "Negrita", "N"],
    ["italic", "Cursiva", "K"],
    ["underline", "Subrayado", "S"],
    ["insertUnorderedList", "Lista con viñetas", "•"],
    ["insertOrderedList", "Lista numerada", "1."],
  ];

  function editor(textarea) {
    var barra = document.createElement("div");
    barra.className = "editor-barra";
    barra.setAttribute("role", "toolbar");
    barra.setAttribute("aria-label", "Formato del cuerpo");
    var area = document.createElement("div");
    area.className = "editor-area";
    area.contentEditable = "true";
    area.setAttribute("role", "textbox");
    area.setAttribute("aria-multiline", "true");
    area.setAttribute("aria-label", "Cuerpo del oficio");
    area.innerHTML = textarea.value || "<p><br></p>";

    function sincronizar() {
      textarea.value = area.innerHTML;
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    }

    BOTONES.forEach(function (b) {
      var boton = document.createElement("button");
      boton.type = "button";
      boton.textContent = b[2];
      boton.title = b[1];
      boton.setAttribute("aria-label", b[1]);
      boton.addEventListener("click", function () {
        area.focus();
        document.execCommand(b[0], false, null);
        sincronizar();
      });
      barra.appendChild(boton);
    });
    area.addEventListener("input", sincronizar);
    area.addEventListener("paste", function (evento) {
      evento.preventDefault();  // pasted text only: no foreign styles, images or links
      document.execCommand("insertText", false, evento.clipboardData.getData("text/plain"));
    });
    document.execCommand("defaultParagraphSeparator", false, "p");
    textarea.hidden = true;
    textarea.parentNode.insertBefore(barra, textarea);
    textarea.parentNode.insertBefore(area, textarea);
  }

  document.querySelectorAll("textarea[data-editor]").forEach(editor);
})();
