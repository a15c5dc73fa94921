// Dữ liệu: the upload form sent with a progress bar, and a drop zone that shows where a dragged file goes.
// Without this script the form posts as it is; with it the same form data goes to the same address.
(function () {
    "use strict";
    var form = document.querySelector("form[data-upload]");
    if (!form || !window.XMLHttpRequest || !window.FormData) return;
    var input = form.querySelector("input[type=file]");
    var bar = form.querySelector("progress");
    var button = form.querySelector("button[type=submit]");

    ["dragenter", "dragover"].forEach(function (name) {
        input.addEventListener(name, function () { form.classList.add("dragging"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
        input.addEventListener(name, function () { form.classList.remove("dragging"); });
    });

    form.addEventListener("submit", function (event) {
        if (!input.files || input.files.length === 0) return;
        event.preventDefault();
        var request = new XMLHttpRequest();
        request.open("POST", form.action);
        request.upload.addEventListener("progress", function (e) {
            if (e.lengthComputable) bar.value = Math.round(100 * e.loaded / e.total);
        });
        // The answer is a redirect to this page with the outcome; the request followed it.
        request.addEventListener("load", function () { window.location.assign(request.responseURL || window.location.href); });
        request.addEventListener("error", function () {
            bar.hidden = true;
            button.disabled = false;
            form.insertAdjacentHTML("beforeend", "<p class=\"alert\" role=\"alert\">Mất kết nối khi đang tải lên; hãy thử lại.</p>");
        });
        bar.hidden = false;
        bar.value = 0;
        button.disabled = true;
        request.send(new FormData(form));
    });
})();
