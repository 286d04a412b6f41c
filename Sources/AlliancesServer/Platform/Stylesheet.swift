import Hummingbird

/// The one stylesheet, compiled into the binary (no runtime files). Colours meet WCAG AA
/// contrast on white; layout is a single column below 40em.
enum Stylesheet {
    static let css = """
        :root{--ink:#1d2430;--muted:#4a5566;--line:#d5dae1;--accent:#0b5e7c;--accent-dark:#084a62;--bg:#f6f7f9;--error:#a4161a;--ok:#1e6b34}
        *{box-sizing:border-box}
        html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:#fff;line-height:1.5}
        body{margin:0}
        a{color:var(--accent)}
        a:hover,a:focus{color:var(--accent-dark)}
        :focus-visible{outline:3px solid #f2a900;outline-offset:2px}
        .skip{position:absolute;left:-999px}
        .visually-hidden{position:absolute;width:1px;height:1px;padding:0;margin:-1px;border:0;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
        header.site form.search{display:flex;gap:.25rem}
        header.site form.search input{padding:.3rem .5rem;border:0;border-radius:3px;min-width:10rem}
        header.site form.search button{background:var(--accent-dark);color:#fff;border:1px solid #fff;border-radius:3px;padding:.3rem .6rem}
        mark{background:#fff0a8;color:inherit;padding:0 .1em}
        .lead{font-size:1.1rem}
        .timeslot h2{font-size:1.1rem;margin:1.25rem 0 .5rem;border-bottom:2px solid var(--accent)}
        .parallel{display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:.75rem}
        .slot{border:1px solid var(--line);border-radius:4px;padding:.5rem .75rem;background:#fff}
        .slot h3{margin:.25rem 0;font-size:1.05rem}
        ul.people{margin:.25rem 0;padding-left:1.1rem;font-size:.95rem}
        .lunch-plan{display:grid;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));gap:.75rem}
        .lunch-table{border:1px solid var(--line);border-radius:4px;padding:.25rem .75rem;break-inside:avoid}
        .lunch-table h3{margin:.25rem 0;font-size:1.05rem}
        @media print{header.site,footer.site,.actions,.skip,form{display:none}body{font-size:11pt}a{color:inherit;text-decoration:none}}
        ul.facet{list-style:none;padding:0;margin:0 0 1rem}
        .inline-form{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:flex-end}
        .inline-form .field,.inline-form .actions{margin:0}
        ul.refs{margin:0;padding-left:1rem;font-size:.9rem}
        figure.chart{margin:1rem 0}
        figure.chart svg{max-width:48rem;width:100%;height:auto}
        figure.chart ul.legend{list-style:none;padding:0}
        .party{display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:0 1rem}
        .map svg{max-width:100%;height:auto;border:1px solid var(--line);background:#fff}
        .map a:focus path,.map a:hover path{stroke:#f2a900;stroke-width:3}
        .legend{display:flex;gap:.5rem;flex-wrap:wrap;align-items:center;font-size:.9rem}
        .legend svg{vertical-align:middle}
        .skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:10}
        header.site{background:var(--accent);color:#fff}
        header.site .bar{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:.5rem;max-width:72rem;margin:0 auto;padding:.75rem 1rem}
        header.site a{color:#fff}
        .brand{font-weight:700;font-size:1.2rem;text-decoration:none}
        .account{display:flex;gap:.75rem;align-items:center;flex-wrap:wrap}
        .account small{opacity:.9}
        header.site nav ul{list-style:none;margin:0 auto;padding:0 1rem .5rem;max-width:72rem;display:flex;flex-wrap:wrap;gap:.25rem 1.25rem}
        header.site nav a{text-decoration:none;padding:.25rem 0;display:inline-block}
        header.site nav a[aria-current]{border-bottom:3px solid #fff;font-weight:600}
        main{max-width:72rem;margin:0 auto;padding:1rem}
        footer.site{border-top:1px solid var(--line);color:var(--muted);font-size:.9rem;padding:1rem;text-align:center}
        h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0 1rem}
        h2{font-size:1.25rem;margin:1.5rem 0 .5rem}
        .muted{color:var(--muted)}
        .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(13rem,1fr));gap:1rem;padding:0;list-style:none}
        .small-multiples{display:grid;grid-template-columns:repeat(auto-fill,minmax(17rem,1fr));gap:1rem;padding:0;list-style:none}
        .small-multiples figure{margin:0}
        ul.plain{list-style:none;padding:0}
        td.num{text-align:right;font-variant-numeric:tabular-nums}
        .card{border:1px solid var(--line);border-radius:.5rem;padding:1rem;background:#fff}
        .card .figure{font-size:1.8rem;font-weight:700;display:block}
        .layout{display:grid;grid-template-columns:16rem 1fr;gap:1.5rem}
        @media (max-width:40em){.layout{grid-template-columns:1fr}}
        .filters{background:var(--bg);border:1px solid var(--line);border-radius:.5rem;padding:1rem}
        .filters fieldset{border:0;padding:0;margin:0 0 .75rem}
        label,legend{font-weight:600;display:block;margin:.5rem 0 .25rem}
        input[type=text],input[type=email],input[type=url],input[type=password],input[type=search],select,textarea{width:100%;padding:.5rem;border:1px solid #767f8c;border-radius:.25rem;font:inherit;background:#fff;color:var(--ink)}
        textarea{min-height:8rem}
        .checks{display:grid;grid-template-columns:repeat(auto-fill,minmax(12rem,1fr));gap:.25rem .75rem}
        .checks label{font-weight:400;display:flex;gap:.4rem;align-items:center;margin:0}
        .hint{color:var(--muted);font-size:.9rem;margin:.1rem 0 .25rem}
        .field{margin-bottom:1rem}
        .field-error{color:var(--error);font-weight:600;margin:.25rem 0}
        .field.invalid input,.field.invalid select,.field.invalid textarea{border:2px solid var(--error)}
        button,.button{display:inline-block;background:var(--accent);color:#fff;border:0;border-radius:.25rem;padding:.55rem 1rem;font:inherit;font-weight:600;cursor:pointer;text-decoration:none}
        button:hover,.button:hover{background:var(--accent-dark);color:#fff}
        button.secondary,.button.secondary{background:#fff;color:var(--accent);border:1px solid var(--accent)}
        button.danger,.button.danger{background:var(--error)}
        button.link{background:none;border:0;color:inherit;text-decoration:underline;padding:0;font-weight:400}
        form.inline{display:inline}
        .actions{display:flex;gap:.75rem;flex-wrap:wrap;align-items:center;margin:1rem 0}
        .notice{padding:.75rem 1rem;border-radius:.25rem;border-left:4px solid var(--accent);background:var(--bg)}
        .notice-error{border-color:var(--error);background:#fbeaea}
        .notice-success{border-color:var(--ok);background:#e8f4ec}
        .results{list-style:none;padding:0;margin:0}
        .results li{border-bottom:1px solid var(--line);padding:.75rem 0}
        .results h3{margin:0;font-size:1.05rem}
        .tags{display:flex;flex-wrap:wrap;gap:.25rem;list-style:none;padding:0;margin:.25rem 0 0}
        .tags li{background:var(--bg);border:1px solid var(--line);border-radius:1rem;padding:0 .6rem;font-size:.85rem}
        .badge{display:inline-block;font-size:.8rem;border-radius:.25rem;padding:0 .4rem;background:#e3edf2;color:var(--accent-dark);font-weight:600}
        .badge.closed{background:#f1e4e4;color:var(--error)}
        dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
        dl.facts dt{font-weight:600}
        dl.facts dd{margin:0}
        @media (max-width:40em){dl.facts{grid-template-columns:1fr}dl.facts dd{margin-bottom:.5rem}}
        table{border-collapse:collapse;width:100%}
        th,td{text-align:left;padding:.4rem;border-bottom:1px solid var(--line);vertical-align:top}
        .table-wrap{overflow-x:auto}
        .pagination{display:flex;gap:1rem;align-items:center;margin:1rem 0;flex-wrap:wrap}
        .error-summary{border:2px solid var(--error);padding:.75rem 1rem;border-radius:.25rem;margin-bottom:1rem}
        .error-summary h2{margin-top:0;color:var(--error);font-size:1.1rem}
        ol.ranking{padding-left:1.5em}
        ol.ranking li{margin:.5rem 0}
        ol.ranking .bar{display:flex;align-items:center;gap:.5rem}
        ol.ranking svg{flex:1;height:1rem;max-width:40rem}
        ol.ranking rect{fill:var(--accent)}
        body.projector{font-size:2rem;padding:1rem 2rem}
        body.projector h1{font-size:2.6rem;margin:.2rem 0}
        body.projector .state{color:var(--muted)}
        body.projector ol.ranking svg{height:2rem}
        .worlds svg[role=img]{width:100%;height:1.5rem;display:block;margin:.25rem 0}
        svg.swatch{width:.9em;height:.9em;vertical-align:middle}
        svg.scores{width:12rem;height:6rem}
        svg.scores rect{fill:var(--accent)}
        ol.week{list-style:none;padding:0;margin:0}
        ol.week>li{border-top:1px solid var(--line,#ccc);padding:.4rem 0}
        ol.week h3{margin:.2rem 0;font-size:1rem}
        ul.photos{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.5rem}
        ul.photos img{max-width:100%;height:auto;display:block}
        table.month td{vertical-align:top;min-width:3rem}
        .choices label{margin-right:.75rem;white-space:nowrap}
        .workshop-synthesis{border-top:2px solid var(--line);margin-top:1.5rem}
        @media print{@page{size:A4;margin:15mm}.workshop-synthesis{break-inside:avoid-page}.worlds table{font-size:9pt}}
        """

    /// Changes whenever the file changes, so browsers may cache it for a year.
    static let version = StaticAsset.version(of: css)

    static func response() -> Response { StaticAsset.response(css, contentType: "text/css; charset=utf-8") }
}
