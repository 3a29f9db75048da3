package mail_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/rs/zerolog"

	"github.com/pactd/pactd/internal/mail"
)

// selfSigned returns a certificate for 127.0.0.1 signed by itself, and a
// pool trusting it.
func selfSigned(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "pactd test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, IsCA: true, BasicConstraintsValid: true,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pool
}

// startTLSSMTP is startSMTP offering STARTTLS with cert.
func startTLSSMTP(t *testing.T, cert tls.Certificate) *smtpServer {
	t.Helper()
	s := &smtpServer{}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &smtpSession{s: s}, nil }))
	srv.Domain = "localhost"
	srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.addr = ln.Addr().String()
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return s
}

// TestSMTPUntrustedCertificateSaysSo: a certificate no known authority
// signed is reported as such (not as "server offers no AUTH"), and the
// outbox says in French what to do.
func TestSMTPUntrustedCertificateSaysSo(t *testing.T) {
	cert, pool := selfSigned(t)
	srv := startTLSSMTP(t, cert)
	ctx := context.Background()

	trusted, err := mail.NewSMTP("smtp://"+srv.addr, &tls.Config{RootCAs: pool})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := trusted.Send(ctx, "depot@example.test", []string{"ain@example.test"}, []byte("Subject: x\r\n\r\nx\r\n")); err != nil {
		t.Fatalf("send with the certificate trusted: %v", err)
	}

	untrusted, err := mail.NewSMTP("smtp://depot:pw@"+srv.addr, &tls.Config{RootCAs: x509.NewCertPool()})
	if err != nil {
		t.Fatal(err)
	}
	_, err = untrusted.Send(ctx, "depot@example.test", []string{"ain@example.test"}, []byte("Subject: x\r\n\r\nx\r\n"))
	if err == nil || !strings.Contains(err.Error(), "certificate") || strings.Contains(err.Error(), "AUTH") {
		t.Fatalf("send to an untrusted certificate: error %v, want the certificate error", err)
	}

	o := mail.NewOutbox(openStore(t), untrusted, zerolog.Nop())
	o.EnqueueDraft(ctx, "ack", draft("cert", "ain@example.test"))
	o.Flush(ctx)
	st, err := o.Status(ctx, "cert")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Envoi impossible : le certificat du serveur d'envoi", "SSL_CERT_FILE", "x509"} {
		if !strings.Contains(st.LastError, want) {
			t.Errorf("LastError %q lacks %q", st.LastError, want)
		}
	}
}
