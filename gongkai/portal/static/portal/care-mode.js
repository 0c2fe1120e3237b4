// 适老化 (elder-friendly) mode: larger text and higher contrast, chosen with the header's button
// and remembered in this browser (localStorage). Without script the page is simply the default.
(function () {
  var KEY = "gongkai-care-mode";
  var root = document.documentElement;
  function apply(on) {
    root.classList.toggle("care-mode", on);
    var button = document.getElementById("care-mode-toggle");
    if (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.textContent = on ? "退出关怀版" : "关怀版（大字体）";
    }
  }
  var stored = false;
  try { stored = window.localStorage.getItem(KEY) === "on"; } catch (e) { /* private mode */ }
  apply(stored);
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("care-mode-toggle");
    if (!button) { return; }
    button.hidden = false;
    apply(root.classList.contains("care-mode"));
    button.addEventListener("click", function () {
      var on = !root.classList.contains("care-mode");
      try { window.localStorage.setItem(KEY, on ? "on" : "off"); } catch (e) { /* not kept */ }
      apply(on);
    });
  });
})();
