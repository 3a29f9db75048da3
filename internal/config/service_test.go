package config

import (
	"strings"
	"testing"
)

// The service that signs the letters: defaults from the sample, a contact
// that falls back to the sending address, bad values refused naming the key.
func TestServiceConfig(t *testing.T) {
	cfg, err := Load("", envMap(nil))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Service.Name != defaultServiceName || cfg.Service.Signature != defaultServiceSignature || cfg.ServiceContact() != "" {
		t.Errorf("defaults: %+v, contact %q", cfg.Service, cfg.ServiceContact())
	}
	p := writeFile(t, t.TempDir(), "pactd.toml", `
[smtp]
url = "smtp://127.0.0.1:2525"
from = "Pacte <depot@pacte.example.fr>"
[service]
name = "Délégation interministérielle"
signature = "Le délégué"
`)
	cfg, err = Load(p, envMap(nil))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Service.Name != "Délégation interministérielle" || cfg.ServiceContact() != "depot@pacte.example.fr" {
		t.Errorf("service %+v, contact %q; want the sending address as contact", cfg.Service, cfg.ServiceContact())
	}
	for _, tc := range []struct{ file, key string }{
		{"[service]\nname = \"\"\n", "service.name"},
		{"[service]\nsignature = \"   \"\n", "service.signature"},
		{"[service]\ncontact = \"" + strings.Repeat("x", 201) + "\"\n", "service.contact"},
		{"[service]\nname = \"deux\\nlignes\"\n", "service.name"},
	} {
		_, err := Load(writeFile(t, t.TempDir(), "pactd.toml", tc.file), envMap(nil))
		if err == nil || !strings.Contains(err.Error(), tc.key) {
			t.Errorf("%q: error %v, want one naming %s", tc.file, err, tc.key)
		}
	}
}
