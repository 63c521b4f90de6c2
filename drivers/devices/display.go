package devices

import (
	"cmp"
	"context"
	"time"

	"github.com/omnitill/omnitill/drivers/display"
	"github.com/omnitill/omnitill/pos"
)

// CustomerSees shows the customer the last line and the total, or once paid the change and
// then a goodbye. A single writer goroutine talks to the display, so the sale never waits for
// it and screens arrive in order; a newer screen replaces one still waiting.
func (d *Hub) CustomerSees(ctx context.Context, v pos.CustomerView) {
	link, c := d.link(pos.DeviceDisplay)
	if link == nil {
		return
	}
	profile, _ := display.ParseProfile(cmp.Or(c.Profile, "epson"))
	cur := string(v.Currency)
	job := displayJob{show: &display.Display{Link: link, Profile: profile}}
	name, w := d.store()
	switch {
	case v.Done:
		job.screens = [][2]string{display.ChangeScreen(w, v.Paid, v.Change, cur), display.GoodbyeScreen(w, name)}
	case v.Line != nil:
		job.screens = [][2]string{display.ItemScreen(w, v.Line.Name, v.Line.Qty.Format(v.Line.Unit), v.Line.Due(), v.Total, cur)}
	default:
		job.screens = [][2]string{display.IdleScreen(w, name)}
	}
	d.mu.Lock()
	if d.displayQ == nil {
		d.displayQ = make(chan displayJob, 1)
		d.displayDone = make(chan struct{})
		go d.displayLoop(d.displayQ, d.displayDone)
	}
	defer d.mu.Unlock() // held while sending (never blocks) so Close cannot close q meanwhile
	for {
		select {
		case d.displayQ <- job:
			return
		default:
			select { // the display is behind: the waiting screen is stale, drop it
			case <-d.displayQ:
			default:
			}
		}
	}
}

type displayJob struct {
	show    *display.Display
	screens [][2]string
}

// displayLoop writes screens to the customer display; a job's later screens (the goodbye
// after the change) follow after a pause, unless a newer job comes first.
func (d *Hub) displayLoop(q chan displayJob, done chan struct{}) {
	defer close(done)
	var rest displayJob
	for {
		var job displayJob
		var ok bool
		if len(rest.screens) == 0 {
			if job, ok = <-q; !ok {
				return
			}
		} else {
			select {
			case job, ok = <-q:
				if !ok {
					return
				}
			case <-time.After(3 * time.Second): // the change stays long enough to read
				job = rest
			}
		}
		ctx, cancel := context.WithTimeout(context.Background(), deviceTimeout)
		err := job.show.Show(ctx, job.screens[0][0], job.screens[0][1])
		cancel()
		rest = displayJob{show: job.show, screens: job.screens[1:]}
		if err != nil {
			rest.screens = nil
			d.log.Warn("customer display failed", "err", err)
			d.setProblem(pos.DeviceDisplay, pos.PhraseOf(inWords(err, pos.DeviceDisplay.Name())))
		} else {
			d.setProblem(pos.DeviceDisplay, pos.Phrase{})
		}
	}
}
