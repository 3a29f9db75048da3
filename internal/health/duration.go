package health

import (
	"fmt"
	"time"
)

// Duration writes a duration for people, in French, for problems: "45 s",
// "3 min", "2 h 05", "4 jours".
func Duration(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%d s", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h %02d", int(d.Hours()), int(d.Minutes())%60)
	}
	return fmt.Sprintf("%d jours", int(d.Hours()/24))
}
