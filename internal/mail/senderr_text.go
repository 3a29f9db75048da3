package mail

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"

	"github.com/emersion/go-smtp"
)

// errNoAuth: the server offers no AUTH though the URL names a user.
var errNoAuth = errors.New("server offers no AUTH")

// explain says in French why a delivery failed, followed by the error
// itself: the outbox keeps it as LastError, which `pactd status` shows.
func explain(err error) string {
	return "Envoi impossible : " + reason(err) + ". Détail : " + err.Error()
}

// reason says in French why a delivery failed, without the error itself:
// it names no host, account or address, so /healthz can show it.
func reason(err error) string {
	var (
		unknown  x509.UnknownAuthorityError
		hostname x509.HostnameError
		invalid  x509.CertificateInvalidError
		verify   *tls.CertificateVerificationError
		rec      tls.RecordHeaderError
		se       *smtp.SMTPError
		op       *net.OpError
	)
	var why string
	switch {
	case errors.As(err, &hostname):
		why = "le certificat du serveur d'envoi ne porte pas le nom donné dans PACTD_SMTP_URL"
	case errors.As(err, &invalid):
		why = "le certificat du serveur d'envoi n'est pas valide (expiré ou mal formé)"
	case errors.As(err, &unknown) || errors.As(err, &verify):
		why = "le certificat du serveur d'envoi n'est signé par aucune autorité connue : indiquez le fichier de l'autorité de certification dans SSL_CERT_FILE"
	case errors.Is(err, errNoAuth):
		why = "le serveur d'envoi ne propose pas d'authentification alors que PACTD_SMTP_URL donne un identifiant"
	case errors.As(err, &rec):
		why = "le serveur d'envoi ne parle pas TLS sur ce port : vérifiez smtp:// ou smtps:// et le port dans PACTD_SMTP_URL"
	case isAuth(err) && !(errors.As(err, &se) && se.Code/100 == 4), errors.As(err, &se) && (se.Code == 535 || se.Code == 534 || se.Code == 530):
		why = "le serveur d'envoi a refusé l'identifiant ou le mot de passe de smtp.url (PACTD_SMTP_URL)"
	case errors.As(err, &se) && se.Code/100 == 5:
		why = "le serveur d'envoi a refusé le message ; il sera renvoyé, puis abandonné après plusieurs jours de refus"
	case errors.As(err, &se):
		why = "le serveur d'envoi a refusé le message pour l'instant ; il sera renvoyé"
	case errors.As(err, &op) && op.Op == "dial":
		why = "le serveur d'envoi ne répond pas ; le message sera renvoyé"
	case isServer(err):
		why = "la connexion au serveur d'envoi a été interrompue ; le message sera renvoyé"
	default:
		why = "l'envoi n'a pas abouti"
	}
	return why
}

// isAuth reports whether err is a SendError of refused credentials.
func isAuth(err error) bool {
	var se *SendError
	return errors.As(err, &se) && se.Auth
}

// isServer reports whether err is a SendError of the server (see SendError).
func isServer(err error) bool {
	var se *SendError
	return errors.As(err, &se) && se.Server
}
