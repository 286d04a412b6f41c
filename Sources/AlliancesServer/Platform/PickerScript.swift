import Hummingbird

/// The organisation pickers' script, served from `/static/picker.js` (no inline script is
/// allowed). Without it a picker is a text field whose name is searched on submit; with it,
/// the field's list is filled with the lab's search results as the person types (a quarter
/// of a second after the last key), and the browser's own list shows them, to the keyboard
/// and screen readers alike. Written by hand: thirty lines do not justify a toolchain.
enum PickerScript {
    static let js = """
        "use strict";
        (function () {
          if (!window.fetch) { return; }
          var fields = document.querySelectorAll("input[data-picker]");
          Array.prototype.forEach.call(fields, function (input) {
            var list = document.getElementById(input.getAttribute("list"));
            var timer = null, asked = "";
            input.addEventListener("input", function () {
              if (timer) { clearTimeout(timer); }
              timer = setTimeout(function () {
                var words = input.value.trim();
                if (words.length < 2 || words === asked || /\\(n° \\d+\\)$/.test(words)) { return; }
                asked = words;
                fetch(input.getAttribute("data-picker") + "?q=" + encodeURIComponent(words), { credentials: "same-origin" })
                  .then(function (response) { return response.ok ? response.json() : []; })
                  .then(function (items) {
                    if (words !== asked) { return; }
                    list.textContent = "";
                    items.forEach(function (item) {
                      var option = document.createElement("option");
                      option.value = item;
                      list.appendChild(option);
                    });
                  })
                  .catch(function () {});
              }, 250);
            });
          });
        })();
        """

    static let version = StaticAsset.version(of: js)

    static func response() -> Response { StaticAsset.response(js, contentType: "text/javascript; charset=utf-8") }
}
