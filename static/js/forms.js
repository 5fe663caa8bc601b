// Progressive enhancement of the file inputs (core/templates/core/widgets/file_input.html):
// the chosen file's name beside the button. The form works the same without it.
document.addEventListener("change", function (event) {
  var input = event.target;
  if (!input.matches || !input.matches(".file-input input[type=file]")) return;
  var label = input.parentNode.querySelector(".file-name");
  if (!label) return;
  var names = Array.prototype.map.call(input.files || [], function (file) { return file.name; });
  label.textContent = names.length ? names.join("，") : label.getAttribute("data-none");
});
