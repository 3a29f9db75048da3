package main

import "github.com/pactd/pactd/reconcile"

// titles lists plausible action titles per axis. They are fictitious: no
// real contract is described.
var titles = map[reconcile.Axis][]string{
	reconcile.AxisEnfance: {
		"Accueil des jeunes enfants en quartiers prioritaires",
		"Petits déjeuners gratuits dans les écoles en éducation prioritaire",
		"Tarification sociale des cantines dans les communes rurales",
		"Soutien à la parentalité dans les centres sociaux",
		"Prévention précoce en protection maternelle et infantile",
		"Bilans de santé des enfants de trois à quatre ans en école maternelle",
		"Accompagnement des jeunes sortant de l'aide sociale à l'enfance",
		"Places de crèche à vocation d'insertion professionnelle",
		"Relais petite enfance itinérant en zone rurale",
		"Lutte contre le décrochage scolaire des collégiens",
		"Accès aux loisirs et aux vacances des enfants de familles modestes",
		"Repérage des troubles du langage chez les jeunes enfants",
		"Médiation scolaire dans les collèges",
		"Accompagnement à la scolarité en quartiers prioritaires",
		"Accueil des enfants en situation de handicap en crèche",
		"Lieux d'accueil enfants-parents",
		"Maisons des familles et des 1000 premiers jours",
	},
	reconcile.AxisEmploi: {
		"Accompagnement renforcé des allocataires du RSA vers l'emploi",
		"Plateforme de mobilité pour l'accès à l'emploi",
		"Garde d'enfants pour les parents en reprise d'emploi",
		"Chantiers d'insertion dans le réemploi et le recyclage",
		"Clauses sociales dans la commande publique",
		"Parcours emploi-santé pour les personnes éloignées de l'emploi",
		"Accompagnement des jeunes vers l'apprentissage",
		"Levée des freins périphériques à l'emploi",
		"Forums de l'emploi dans les quartiers prioritaires",
		"Accompagnement vers l'emploi des femmes seules avec enfants",
		"Permis de conduire solidaire",
		"Rencontres employeurs dans les métiers en tension",
		"Insertion par l'activité économique dans le numérique",
		"Découverte des métiers du soin et de l'accompagnement",
		"Tiers-lieux de l'emploi et de la formation",
		"Parrainage vers l'emploi des jeunes diplômés des quartiers",
	},
	reconcile.AxisAccesDroits: {
		"Premiers accès aux droits en maisons France services",
		"Lutte contre le non-recours aux prestations sociales",
		"Équipes mobiles d'aller-vers les personnes sans abri",
		"Domiciliation des personnes sans domicile stable",
		"Accompagnement social des ménages en impayé de loyer",
		"Prévention des expulsions locatives",
		"Points conseil budget",
		"Médiation numérique pour les démarches en ligne",
		"Accès aux soins des personnes en grande précarité",
		"Aide alimentaire de qualité et circuits courts",
		"Épiceries sociales et solidaires",
		"Accueils de jour pour les personnes à la rue",
		"Interprétariat dans les services sociaux",
		"Rendez-vous des droits dans les quartiers",
		"Accompagnement des personnes sortant de détention",
		"Mise à l'abri des femmes victimes de violences",
		"Référent de parcours pour les situations complexes",
	},
	reconcile.AxisTransition: {
		"Lutte contre la précarité énergétique des ménages modestes",
		"Rénovation énergétique des logements des ménages précaires",
		"Mobilité solidaire en zone rurale",
		"Jardins partagés et alimentation durable dans les quartiers",
		"Ateliers de réparation et de réemploi solidaires",
		"Aide complémentaire au paiement des factures d'énergie",
		"Visites à domicile pour les économies d'énergie",
		"Vélos solidaires pour les personnes en insertion",
		"Accès à une alimentation durable pour les familles modestes",
		"Îlots de fraîcheur dans les quartiers prioritaires",
		"Ressourceries et recycleries solidaires",
		"Repérage des logements énergivores occupés par des ménages modestes",
		"Garages solidaires",
		"Sensibilisation aux économies d'eau et d'énergie",
		"Épiceries de produits en vrac à prix solidaires",
		"Transport à la demande vers les services publics",
	},
}

// qualifiers tell apart two actions built from the same title.
var qualifiers = []string{
	"dans le nord du territoire", "dans le sud du territoire", "en zone rurale", "en zone urbaine",
	"en quartiers prioritaires", "en partenariat avec les communes", "avec les associations locales",
	"deuxième volet", "extension", "pour les familles monoparentales",
}

// indicatorKind is a family of indicators sharing a unit and a trend.
type indicatorKind struct {
	label      string
	unit       string
	low, high  float64 // range of the baseline
	decreasing bool    // the target goes down (delays)
}

var indicatorKinds = []indicatorKind{
	{"Personnes accompagnées", "personnes", 40, 900, false},
	{"Bénéficiaires du dispositif", "personnes", 20, 600, false},
	{"Enfants et jeunes concernés", "personnes", 30, 800, false},
	{"Ménages accompagnés", "ménages", 15, 500, false},
	{"Ménages ayant bénéficié d'un diagnostic", "ménages", 10, 300, false},
	{"Montant des aides versées", "€", 5000, 150000, false},
	{"Délai moyen de prise en charge", "jours", 8, 60, true},
	{"Journées d'ouverture du service", "jours", 60, 250, false},
	{"Taux de sortie positive", "%", 15, 55, false},
	{"Taux de recours aux droits", "%", 30, 70, false},
}

// axisPrefix gives the action code prefix of each axis.
var axisPrefix = map[reconcile.Axis]string{
	reconcile.AxisEnfance: "ENF", reconcile.AxisEmploi: "EMP", reconcile.AxisAccesDroits: "ACD", reconcile.AxisTransition: "TRA",
}
