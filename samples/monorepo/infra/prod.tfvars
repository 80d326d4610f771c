# fake values for the sample
region = "eu-west-1"
db_password = "not-a-real-password"
