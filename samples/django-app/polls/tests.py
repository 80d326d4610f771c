from django.test import TestCase


class IndexTests(TestCase):
    def test_index(self):
        self.assertEqual(self.client.get("/polls/").status_code, 200)
