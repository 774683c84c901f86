def test_landing_for_anonymous(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"Create an account" in response.data


def test_dashboard_needs_membership(client, auth, world):
    auth.login(world.alice)
    assert client.get(f"/g/{world.group.slug}/").status_code == 200
    assert client.get(f"/g/{world.other_group.slug}/").status_code == 404
