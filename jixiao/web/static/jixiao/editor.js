// The declaration editor: ask before leaving the page with changes that are not saved.
(() => {
  const form = document.getElementById("editor");
  if (!form) return;
  let changed = form.hasAttribute("data-unsaved");  // a refused save: what is shown is not saved
  const mark = () => { changed = true; };
  form.addEventListener("input", mark);
  form.addEventListener("change", mark);
  form.addEventListener("click", (event) => {
    if (event.target.closest(".row-tools button, #add-indicator")) mark();
  });
  form.addEventListener("submit", () => { changed = false; });
  window.addEventListener("beforeunload", (event) => {
    if (changed) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
