-- wrk script for the search benchmark (BENCHMARKS.md): a mix of French queries, some
-- with facets, a distance filter or a typo, rotated request after request.
local queries = {
  "q=insertion", "q=asso+sport+jeunes", "q=Mulhouse", "q=num%C3%A9rique+jeunes", "q=m%C3%A9c%C3%A9nat+comp%C3%A9tences",
  "q=velo", "q=insertion+Strasbourg", "q=solidaire&type=association", "q=culture&departement=68", "q=ener",
  "q=Colmar&tri=nom", "q=jardins+partages", "q=", "q=environnement&taille=pme", "q=Mulhuse",
  "q=formation&pres-de=Colmar&rayon=20", "q=xyzzy", "q=sant%C3%A9+seniors", "q=education&page=3", "q=logement+jeunes",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/v1/labs/alsace/search?" .. queries[(i % #queries) + 1])
end
