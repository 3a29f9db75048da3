package reconcile_test

import (
	"testing"

	"github.com/pactd/pactd/reconcile"
)

// TestMatchAxisRegisterVariants covers the ways registers write axes:
// numbered, in capitals, with accents dropped, with a trailing note, or in
// a wording variant.
func TestMatchAxisRegisterVariants(t *testing.T) {
	tests := []struct {
		label string
		want  reconcile.Axis
	}{
		{"Axe 1 - Prévenir la pauvreté et lutter contre les inégalités dès l'enfance", reconcile.AxisEnfance},
		{"PRÉVENIR LA PAUVRETÉ ET LUTTER CONTRE LES INÉGALITÉS DÈS L'ENFANCE", reconcile.AxisEnfance},
		{"Lutter contre la pauvreté dès l'enfance", reconcile.AxisEnfance},
		{"2. Amplifier la politique d'accès à l'emploi pour tous", reconcile.AxisEmploi},
		{"Amplifier la politique d'accès à l'emploi", reconcile.AxisEmploi},
		{"Emploi et insertion", reconcile.AxisEmploi},
		{"Axe 3 - Lutter contre la grande exclusion grâce à l'accès aux droits", reconcile.AxisAccesDroits},
		{"Lutte contre la grande exclusion", reconcile.AxisAccesDroits},
		{"Accès aux droits (axe transversal)", reconcile.AxisAccesDroits},
		{"III) transition écologique", reconcile.AxisTransition},
		{"Axe 4 – Construire une transition écologique et solidaire", reconcile.AxisTransition},
		{"Transition ecologique et solidaire", reconcile.AxisTransition},
		{"TRANSITION", reconcile.AxisTransition},
	}
	for _, tt := range tests {
		if got, ok := reconcile.MatchAxis(tt.label); !ok || got != tt.want {
			t.Errorf("MatchAxis(%q) = %q, %v; want %q", tt.label, got, ok, tt.want)
		}
	}
	for _, label := range []string{"Axe 9 - Culture pour tous", "3", "Axe 2", ""} {
		if got, ok := reconcile.MatchAxis(label); ok {
			t.Errorf("MatchAxis(%q) = %q, want no match", label, got)
		}
	}
}
