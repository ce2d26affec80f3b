// Upload progress for forms with class "upload": the form is sent with XMLHttpRequest so a bar can follow the
// bytes; the page the server answers with (after its redirect) then replaces this one, messages included.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.matches("form.upload") || !window.XMLHttpRequest || !window.DOMParser) return;
  event.preventDefault();
  var bar = form.querySelector("progress");
  var button = form.querySelector("button[type=submit]");
  if (bar) bar.hidden = false;
  if (button) button.disabled = true;
  var xhr = new XMLHttpRequest();
  xhr.open("POST", form.action || window.location.href);
  xhr.upload.onprogress = function (e) { if (bar && e.lengthComputable) bar.value = 100 * e.loaded / e.total; };
  xhr.onload = function () {
    var page = new DOMParser().parseFromString(xhr.responseText, "text/html");
    document.title = page.title;
    document.body.replaceWith(page.body);
    if (xhr.responseURL) history.replaceState(null, "", xhr.responseURL);
    if (window.htmx) htmx.process(document.body);
  };
  xhr.onerror = function () { form.submit(); };
  xhr.send(new FormData(form));
});
