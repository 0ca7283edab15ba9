// Interactive elements without an accessible name (label, aria-label, aria-labelledby, text, title).
var missing = [];
document.querySelectorAll("input, select, textarea, button, [role=combobox], [role=button]").forEach(function (el) {
  // Hidden from assistive technology (Dash's dropdown focus target) or inside plotly's own chrome: skip.
  if (el.type === "hidden" || el.closest("[aria-hidden=true], .modebar, .js-plotly-plot") || el.offsetParent === null) {
    return;
  }
  var name = el.getAttribute("aria-label") || el.getAttribute("title") || (el.textContent || "").trim();
  if (!name && el.getAttribute("aria-labelledby")) {
    name = el.getAttribute("aria-labelledby").split(" ").map(function (id) {
      var ref = document.getElementById(id); return ref ? ref.textContent.trim() : ""; }).join(" ").trim();
  }
  if (!name && el.id) {
    var label = document.querySelector("label[for='" + el.id + "']");
    name = label ? label.textContent.trim() : "";
  }
  if (!name && el.closest("label")) { name = el.closest("label").textContent.trim(); }
  if (!name) { missing.push(el.outerHTML.slice(0, 160)); }
});
return missing;
