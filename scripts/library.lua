-- wrk script for the experience library's benchmark (BENCHMARKS.md): French queries over
-- the synthetic sheets, some with facets, a prefix, a typo, page 3 and no match, rotated
-- request after request. LIBRARY_PATH picks the page or the API (default: the page);
-- LIBRARY_RANDOM=1 draws two words of the synthetic vocabulary and a facet for each
-- request instead, so that nearly every query misses the results cache.
local queries = {
  "q=insertion", "q=jeunes+emploi", "q=numerique&theme=gouvernance", "q=mecenat+competences", "q=",
  "q=benevol", "q=jardin&gouvernance=scic", "q=solidarite&echelle=essaimage", "q=seniors+isolement", "q=xyzzy",
  "question=mettre-en-commun", "q=formation&mode=benevolat&page=3", "q=insertoin", "q=culture+festival", "monde=association",
  "q=logement&departement=67", "q=velo+mobilite", "theme=mobiliser&gouvernance=fondation", "q=emploi&page=2", "q=tiers-lieu",
}
local words = {
  "insertion", "emploi", "jeunes", "quartier", "numerique", "formation", "benevoles", "mecenat", "competences",
  "salaries", "association", "entreprise", "solidarite", "alimentaire", "epicerie", "familles", "seniors", "isolement",
  "handicap", "sport", "club", "culture", "festival", "theatre", "musique", "environnement", "jardin", "biodiversite",
  "energie", "renovation", "logement", "mobilite", "velo", "transport", "local", "salle", "atelier", "animation",
  "education", "sante", "prevention", "ordinateurs", "tablettes", "recyclage", "reemploi", "cuisine", "tourisme",
  "agriculture", "producteurs", "cooperative", "accompagnement", "parrainage", "mentorat", "apprentissage", "artisanat",
}
local facets = {
  "", "&theme=gouvernance", "&gouvernance=scic", "&echelle=duplication", "&mode=benevolat", "&monde=entreprise",
  "&question=se-connaitre", "&page=2",
}
local path = os.getenv("LIBRARY_PATH") or "/labs/alsace/bibliotheque"
local random = os.getenv("LIBRARY_RANDOM") == "1"
local i = 0
request = function()
  i = i + 1
  if random then
    local q = words[math.random(#words)] .. "+" .. words[math.random(#words)]
    return wrk.format("GET", path .. "?q=" .. q .. facets[math.random(#facets)])
  end
  return wrk.format("GET", path .. "?" .. queries[(i % #queries) + 1])
end
