import Hummingbird

/// The one script of the site, compiled into the binary and served from `/static` (the
/// Content-Security-Policy allows no inline script). Every page works without it; with it,
/// the projector follows the vote live by server-sent events instead of reloading every
/// ten seconds, the questions' screen reloads itself, and the rapporteur's output is saved
/// as a draft a few seconds after each change. Written by hand: forty lines do not justify a front-end toolchain.
enum RestitutionScript {
    static let js = """
        "use strict";
        (function () {
          var ranking = document.querySelector("[data-stream]");
          if (ranking && window.EventSource) {
            var source = new EventSource(ranking.getAttribute("data-stream"));
            source.addEventListener("ranking", function (event) {
              ranking.innerHTML = JSON.parse(event.data).html;
            });
          }
          var reload = document.querySelector("[data-reload]");
          if (reload) {
            setTimeout(function () { location.reload(); }, 1000 * Number(reload.getAttribute("data-reload")));
          }
          var form = document.querySelector("form[data-autosave]");
          if (form && window.fetch) {
            var status = form.querySelector(".autosave");
            var timer = null;
            var save = function () {
              timer = null;
              var body = new URLSearchParams(new FormData(form));
              body.set("autosave", "1");
              fetch(form.getAttribute("data-autosave"), {
                method: "POST", body: body, credentials: "same-origin",
                headers: { "Content-Type": "application/x-www-form-urlencoded" }
              }).then(function (response) {
                var now = new Date();
                var time = now.getHours() + "h" + String(now.getMinutes()).padStart(2, "0");
                status.textContent = response.ok
                  ? "Brouillon enregistré automatiquement à " + time + "."
                  : "Enregistrement automatique impossible : enregistrez avec le bouton pour voir ce qui ne va pas.";
              }).catch(function () {
                status.textContent = "Hors connexion : rien n'est perdu tant que la page reste ouverte ; enregistrez dès le retour du réseau.";
              });
            };
            form.addEventListener("input", function () {
              if (timer) { clearTimeout(timer); }
              timer = setTimeout(save, 3000);
            });
          }
        })();
        """

    /// Changes whenever the file changes, so browsers may cache it for a year.
    static let version = StaticAsset.version(of: js)

    static func response() -> Response { StaticAsset.response(js, contentType: "text/javascript; charset=utf-8") }
}
