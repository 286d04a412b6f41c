-- wrk script for the experience library's benchmark (BENCHMARKS.md): French queries over
-- the synthetic sheets, some with facets, a prefix, a typo, page 3 and no match, rotated
-- request after request. LIBRARY_PATH picks the page or the API (default: the page).
local queries = {
  "q=insertion", "q=jeunes+emploi", "q=numerique&theme=gouvernance", "q=mecenat+competences", "q=",
  "q=benevol", "q=jardin&gouvernance=scic", "q=solidarite&echelle=essaimage", "q=seniors+isolement", "q=xyzzy",
  "question=mettre-en-commun", "q=formation&mode=benevolat&page=3", "q=insertoin", "q=culture+festival", "monde=association",
  "q=logement&departement=67", "q=velo+mobilite", "theme=mobiliser&gouvernance=fondation", "q=emploi&page=2", "q=tiers-lieu",
}
local path = os.getenv("LIBRARY_PATH") or "/labs/alsace/bibliotheque"
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", path .. "?" .. queries[(i % #queries) + 1])
end
