// Drag and drop onto the "Agregar varios documentos" form: dropped files go into its multiple-file input, so the
// form posts exactly as it does without JavaScript (then the input alone picks the files).
document.querySelectorAll("[data-soltar]").forEach((zona) => {
  const input = zona.querySelector("input[type=file]");
  const lista = zona.querySelector(".soltar-lista");
  const mostrar = () => {
    lista.replaceChildren(...Array.from(input.files, (f) => Object.assign(document.createElement("li"), { textContent: f.name })));
  };
  ["dragenter", "dragover"].forEach((tipo) => zona.addEventListener(tipo, (ev) => {
    ev.preventDefault();
    zona.classList.add("encima");
  }));
  ["dragleave", "drop"].forEach((tipo) => zona.addEventListener(tipo, () => zona.classList.remove("encima")));
  zona.addEventListener("drop", (ev) => {
    ev.preventDefault();
    if (ev.dataTransfer && ev.dataTransfer.files.length) {
      input.files = ev.dataTransfer.files;
      mostrar();
    }
  });
  input.addEventListener("change", mostrar);
});
