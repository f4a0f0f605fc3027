// Behaviour that would otherwise be inline (the Content-Security-Policy allows scripts from this site only).
document.addEventListener("change", function (event) {
  var field = event.target;
  if (field instanceof HTMLSelectElement && field.hasAttribute("data-autosubmit") && field.form) {
    field.form.requestSubmit ? field.form.requestSubmit() : field.form.submit();
  }
});

// Confirmation before a consequential action (ansinh.core.webkit.confirm). A form marked data-confirm asks
// the server what will happen (the same question the page without JavaScript shows) and shows it in a
// <dialog>; Confirm submits the original form with the server's digest, Cancel closes the dialog.
(function () {
  function hidden(form, name, value) {
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    input.setAttribute("data-confirm-added", "");
    form.appendChild(input);
  }

  function resubmit(form, submitter) {
    if (form.requestSubmit) {
      submitter && submitter.form === form ? form.requestSubmit(submitter) : form.requestSubmit();
    } else {
      form.submit();
    }
  }

  function ask(form, submitter, html) {
    var dialog = document.createElement("dialog");
    dialog.className = "confirm-dialog";
    dialog.setAttribute("aria-labelledby", "confirm-title");
    dialog.innerHTML = html;
    dialog.querySelectorAll("[data-reupload]").forEach(function (el) { el.remove(); });
    var inner = dialog.querySelector("form");
    inner.addEventListener("submit", function (event) {
      event.preventDefault();
      hidden(form, "confirmed", "1");
      hidden(form, "confirmed_digest", inner.elements.namedItem("confirmed_digest").value);
      dialog.close();
      resubmit(form, submitter);
    });
    dialog.querySelector("[data-confirm-cancel]").addEventListener("click", function (event) {
      event.preventDefault();
      dialog.close();
    });
    dialog.addEventListener("close", function () { dialog.remove(); });
    document.body.appendChild(dialog);
    dialog.showModal();
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-confirm")) return;
    if (form.elements.namedItem("confirmed")) return; // confirmed: let it go
    if (!form.reportValidity()) return;
    event.preventDefault();
    var submitter = event.submitter || null;
    var data = new FormData(form);
    if (submitter && submitter.name) data.append(submitter.name, submitter.value);
    var body = new FormData();
    data.forEach(function (value, name) { if (!(value instanceof File)) body.append(name, value); });
    fetch(form.action, { method: "POST", body: body, credentials: "same-origin", headers: { "HX-Request": "true" } })
      .then(function (response) {
        return response.text().then(function (html) {
          if (response.ok && html.indexOf("data-confirm-content") !== -1) {
            ask(form, submitter, html);
          } else if (response.redirected) {
            window.location.assign(response.url); // nothing to confirm: show where the action led
          } else {
            form.submit(); // the server's own answer (an error page, a refusal)
          }
        });
      })
      .catch(function () { form.submit(); }); // the server's own confirmation page
  });

  // Back to a page from the browser's cache: the form must ask again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("[data-confirm-added]").forEach(function (el) { el.remove(); });
  });
})();
