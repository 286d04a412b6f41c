import AlliancesCore
@testable import AlliancesServer
import Foundation
import SQLKit
import Testing

/// Completes digits with a Luhn key, as SIREN and SIRET numbers have.
func luhn(_ prefix: String) -> String {
    for digit in 0...9
    where Identifiers.isValidSIRET(prefix + String(digit)) || Identifiers.isValidSIREN(prefix + String(digit)) {
        return prefix + String(digit)
    }
    return prefix + "0"
}

enum SireneFixtures {
    static let company = luhn("44306184")  // PME in Strasbourg
    static let localLaw = luhn("77935812")  // association de droit local (9260), Strasbourg
    static let closed = luhn("51234567")  // closed company, Mulhouse
    static let hidden = luhn("80012345")  // non-diffusible
    static let outside = luhn("33345678")  // head office in Marseille
    static let college = luhn("19671234")  // EPSCP (7383)

    static func siret(_ siren: String, _ nic: String) -> String { luhn(siren + nic) }

    static var establishments: String {
        "siren,nic,siret,statutDiffusionEtablissement,dateCreationEtablissement,trancheEffectifsEtablissement,etablissementSiege,codeCommuneEtablissement,etatAdministratifEtablissement,longitude,latitude\n"
            + "\(company),0001,\(siret(company, "0001")),O,2001-01-01,12,true,67482,A,7.7521,48.5734\n"
            + "\(company),0002,\(siret(company, "0002")),O,2005-01-01,02,false,68224,A,,\n"
            + "\(localLaw),0001,\(siret(localLaw, "0001")),O,1990-01-01,NN,true,67482,A,,\n"
            + "\(closed),0001,\(siret(closed, "0001")),O,1999-01-01,00,true,68224,F,,\n"
            + "\(hidden),0001,\(siret(hidden, "0001")),P,2010-01-01,NN,true,67482,A,,\n"
            + "\(outside),0001,\(siret(outside, "0001")),O,2010-01-01,NN,true,13055,A,,\n"
            + "\(college),0001,\(siret(college, "0001")),O,1970-01-01,42,true,67482,A,,\n"
            + "123,0001,12300001,O,2010-01-01,NN,true,67482,A,,\n"
    }

    static var legalUnits: String {
        "siren,statutDiffusionUniteLegale,dateCreationUniteLegale,sigleUniteLegale,prenom1UniteLegale,identifiantAssociationUniteLegale,trancheEffectifsUniteLegale,categorieEntreprise,etatAdministratifUniteLegale,nomUniteLegale,nomUsageUniteLegale,denominationUniteLegale,categorieJuridiqueUniteLegale,activitePrincipaleUniteLegale,economieSocialeSolidaireUniteLegale\n"
            + "\(company),O,2001-01-01,NUM,,,12,PME,A,,,NUMERIA CONSEIL,5710,62.02A,N\n"
            + "\(localLaw),O,1990-01-01,,,W672000001,NN,,A,,,\"CERCLE SPORTIF \"\"LA CONCORDE\"\", STRASBOURG\",9260,93.12Z,O\n"
            + "\(closed),O,1999-01-01,,,,00,,C,,,ANCIENNE MENUISERIE,5499,16.23Z,N\n"
            + "\(hidden),P,2010-01-01,,[ND],,NN,,A,[ND],,,1000,96.09Z,N\n"
            + "\(outside),O,2010-01-01,,,,NN,PME,A,,,SOCIETE MARSEILLAISE,5710,70.22Z,N\n"
            + "\(college),O,1970-01-01,UNISTRA,,,42,,A,,,UNIVERSITE DE DEMONSTRATION,7383,85.42Z,N\n"
    }
}

@Suite struct SireneImportTests {
    func alsaceLab(_ database: Database) async throws -> Lab {
        _ = try await ImportFixtures.geography(database)
        _ = try await RegisterImporter(database: database).importCommunes(
            path: ImportFixtures.write(ImportFixtures.communes2019, name: "c.csv"), departements: nil)
        return try await database.transaction { db in
            try await LabStore().create(
                slug: "alsace-test", name: "Labo test", description: nil,
                perimeter: Perimeter(departementCodes: ["67", "68"]), regionCode: "44", on: db)
        }
    }

    @Test(arguments: TestEngine.available)
    func test_sirene_head_offices_then_legal_units_become_organisations(engine: TestEngine) async throws {
        try await withTestDatabase(engine) { database in
            let lab = try await alsaceLab(database)
            let importer = RegisterImporter(database: database)
            let sites = try await importer.importSireneEstablishments(
                path: ImportFixtures.write(SireneFixtures.establishments, name: "StockEtablissement.csv"), lab: lab)
            #expect(sites.read == 8)
            #expect(sites.created == 5)
            #expect(sites.skipped == 1, "a secondary establishment")
            #expect(sites.outsidePerimeter == 1)
            #expect(sites.rejected == 1)
            #expect(sites.inactive == 1)

            let unitsPath = try ImportFixtures.write(SireneFixtures.legalUnits, name: "StockUniteLegale.csv")
            let units = try await importer.importSireneLegalUnits(path: unitsPath, lab: lab)
            #expect(units.created == 4)
            #expect(units.rejected == 1, "the non-diffusible unit")
            #expect(units.outsidePerimeter == 1)
            #expect(units.inactive == 1)

            func row(_ siren: String) async throws -> (
                kind: String, size: String?, active: Int, ess: Int?, lat: Double?, name: String, rna: String?
            ) {
                try await database.withConnection { db in
                    let r = try await db.raw(
                        "SELECT kind, size_class, active, ess, latitude, name, rna_id FROM organisations WHERE siren = \(bind: siren)"
                    ).first()!
                    return (
                        try r.decode(column: "kind", as: String.self),
                        try r.decodeNil(column: "size_class")
                            ? nil : try r.decode(column: "size_class", as: String.self),
                        try r.decode(column: "active", as: Int.self),
                        try r.decodeNil(column: "ess") ? nil : try r.decode(column: "ess", as: Int.self),
                        try r.decodeNil(column: "latitude") ? nil : try r.decode(column: "latitude", as: Double.self),
                        try r.decode(column: "name", as: String.self),
                        try r.decodeNil(column: "rna_id") ? nil : try r.decode(column: "rna_id", as: String.self)
                    )
                }
            }
            let company = try await row(SireneFixtures.company)
            #expect(company.kind == "entreprise" && company.size == "pme" && company.ess == 0 && company.lat == 48.5734)
            let association = try await row(SireneFixtures.localLaw)
            #expect(association.kind == "association" && association.size == nil && association.ess == 1)
            #expect(association.name == "CERCLE SPORTIF \"LA CONCORDE\", STRASBOURG")
            #expect(association.rna == "W672000001")
            #expect(try await row(SireneFixtures.closed).active == 0)
            #expect(try await row(SireneFixtures.college).kind == "universite-recherche")

            let again = try await importer.importSireneLegalUnits(path: unitsPath, lab: lab)
            #expect(again.created == 0 && again.updated == 0 && again.unchanged == 4)
        }
    }

    @Test(arguments: TestEngine.available)
    func test_an_association_from_the_rna_is_completed_by_sirene_not_duplicated(engine: TestEngine) async throws {
        try await withTestDatabase(engine) { database in
            let lab = try await ImportFixtures.geography(database)
            let importer = RegisterImporter(database: database)
            _ = try await importer.importRNA(path: ImportFixtures.write(ImportFixtures.rna, name: "rna.csv"), lab: lab)
            let siren = luhn("40012345")
            let sites =
                "siren,siret,etablissementSiege,codeCommuneEtablissement,etatAdministratifEtablissement\n\(siren),\(SireneFixtures.siret(siren, "0001")),true,75107,A\n"
            let units =
                "siren,categorieJuridiqueUniteLegale,etatAdministratifUniteLegale,denominationUniteLegale,identifiantAssociationUniteLegale,trancheEffectifsUniteLegale\n\(siren),9220,A,LES AMIS DU QUARTIER,W751000001,01\n"
            _ = try await importer.importSireneEstablishments(
                path: ImportFixtures.write(sites, name: "e.csv"), lab: lab)
            let summary = try await importer.importSireneLegalUnits(
                path: ImportFixtures.write(units, name: "u.csv"), lab: lab)
            #expect(summary.created == 0 && summary.updated == 1)
            #expect(
                try await TestApp.count(
                    database,
                    "SELECT COUNT(*) AS n FROM organisations WHERE rna_id = 'W751000001' AND siren = '\(siren)'") == 1)
            #expect(
                try await TestApp.count(database, "SELECT COUNT(*) AS n FROM organisations WHERE lab_id = \(lab.id)")
                    == 3)
        }
    }

    @Test func test_legal_categories_and_sizes() {
        #expect(SireneFormat.kind(legalCategory: "9260", ess: true) == .association)
        #expect(SireneFormat.kind(legalCategory: "9300", ess: nil) == .foundation)
        #expect(SireneFormat.kind(legalCategory: "7210", ess: nil) == .localAuthority)
        #expect(SireneFormat.kind(legalCategory: "7346", ess: nil) == .localAuthority)
        #expect(SireneFormat.kind(legalCategory: "7389", ess: nil) == .publicBody)
        #expect(SireneFormat.kind(legalCategory: "5710", ess: true) == .essStructure)
        #expect(SireneFormat.kind(legalCategory: "5710", ess: false) == .company)
        #expect(SireneFormat.kind(legalCategory: "8210", ess: nil) == .essStructure)
        #expect(SireneFormat.sizeClass(category: "PME", band: .b03) == .micro)
        #expect(SireneFormat.sizeClass(category: "PME", band: .b21) == .sme)
        #expect(SireneFormat.sizeClass(category: "ETI", band: .b03) == .midCap, "the group decides")
        #expect(SireneFormat.sizeClass(category: nil, band: .b53) == .large)
        #expect(SireneFormat.sizeClass(category: nil, band: .unknown) == nil)
    }
}
