rootProject.name = "chirpstack-api"

