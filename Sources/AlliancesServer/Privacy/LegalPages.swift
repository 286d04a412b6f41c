import AlliancesCore

/// The templates a lab starts its legal pages from: plain text with the blanks to fill
/// shown in brackets. What the platform itself keeps and for how long comes from the
/// retention settings, so the policy says what the server does.
enum LegalPages {
    static func noticeTemplate(labName: String) -> String {
        """
        Éditeur du site : [nom de la structure porteuse du labo \(labName)], [forme juridique], [adresse], [SIRET].
        Directeur ou directrice de la publication : [nom, fonction].
        Contact : [adresse e-mail du labo].
        Hébergement : [nom de l'hébergeur], [adresse], [téléphone].
        Logiciel : Alliances, logiciel libre.
        """
    }

    static func policyTemplate(labName: String, retention: RetentionPolicy) -> String {
        """
        Responsable du traitement : [structure porteuse du labo \(labName)], [adresse]. Délégué(e) à la protection des données : [nom, e-mail].
        Finalités : faire se connaître les acteurs du territoire, organiser des mises en relation, des partenariats et des rencontres, et en mesurer les résultats.
        Bases légales : l'intérêt légitime du labo pour l'annuaire et les mises en relation ; l'exécution de votre inscription pour les rencontres ; votre consentement pour la liste publique des participants et pour les informations de régime alimentaire.
        Ce qui est visible, et par qui : le nom de votre organisation et ce qu'elle publie sont visibles de tous ; les coordonnées d'une personne ne sont visibles que des facilitateurs du labo et des membres de son organisation, et d'une autre organisation seulement après une mise en relation acceptée des deux côtés ; votre nom n'apparaît dans la liste des participants d'une rencontre que si vous l'avez choisi.
        Durées de conservation : régime alimentaire, \(retention.dietaryDays) jours après la rencontre ; inscriptions d'invités annulées ou jamais confirmées, \(retention.unconfirmedGuestDays) jours ; journal d'audit, \(retention.auditDays) jours ; contenu des e-mails envoyés, 30 jours ; compte, jusqu'à sa suppression.
        Vos droits : accès, rectification, portabilité (« Télécharger mes données » sur la page Mon compte), effacement (« Demander l'effacement »), opposition et limitation : écrivez à [adresse e-mail]. Vous pouvez saisir la CNIL (www.cnil.fr).
        """
    }
}
