/// Made-up French texts for synthetic data sets and benchmarks: words of real needs and
/// offers drawn with a Zipf-like skew, so an index over them has realistic posting lists
/// (a few very common words, many rare ones).
public enum SyntheticText {
    public static let words: [String] = """
        insertion emploi jeunes quartier numérique formation bénévoles mécénat compétences salariés association entreprise \
        solidarité alimentaire épicerie familles seniors isolement handicap sport club culture festival théâtre musique \
        environnement jardin biodiversité rivière énergie rénovation logement mobilité vélo véhicule transport local salle \
        comptabilité juridique statuts communication site logo graphisme atelier animation éducation soutien scolaire livres \
        santé prévention aidants répit ordinateurs tablettes dons invendus matériel mobilier recyclage réemploi ressourcerie \
        achats responsables prestations nettoyage espaces verts conditionnement restauration cuisine hôtellerie tourisme \
        agriculture circuits courts producteurs coopérative microcrédit création accompagnement parrainage mentorat stage \
        apprentissage orientation métiers industrie artisanat commerce centre-bourg rural tiers-lieu coworking citoyenneté \
        démocratie participation européen échange migrants accueil hébergement urgence précarité pauvreté enfance parentalité
        """.split(separator: " ").map(String.init)

    /// `count` words, low-index words much more frequent than the others.
    public static func sentence<R: RandomNumberGenerator>(words count: Int, using rng: inout R) -> String {
        (0..<count).map { _ -> String in
            let u = Double.random(in: 0..<1, using: &rng)
            return words[min(words.count - 1, Int(Double(words.count) * u * u * u))]
        }.joined(separator: " ")
    }
}
