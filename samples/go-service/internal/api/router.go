package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

// Router serves the ledger API.
func Router() http.Handler {
	r := chi.NewRouter()
	r.Get("/healthz", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) })
	return r
}
