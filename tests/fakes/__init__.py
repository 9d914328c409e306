"""The one shared set of test fakes: a fake GitHub REST API served on 127.0.0.1."""
