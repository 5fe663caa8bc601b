"""Demo projects (committees.demo builder): filled in below."""


def build(township, users_by_role) -> None:
    return None
