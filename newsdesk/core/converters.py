"""The URL converter for database ids: every `<id:...>` in the site's URLs."""

# The largest value of a BigAutoField (DEFAULT_AUTO_FIELD), the widest id column we have, on every engine we run.
# A larger number names no row, and handing it to the database overflows there (SQLite refuses a Python int beyond
# 64 bits outright), so the URL does not match and the reader gets the 404 any unknown address gets.
MAX_DATABASE_ID = 2**63 - 1

# The converter's name in routes (`<id:poll_id>`), and the admin viewsets' `pk_path_converter`.
DATABASE_ID = "id"


class DatabaseIdConverter:
    """Match a positive decimal id that a database id column can hold."""

    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 0 < number <= MAX_DATABASE_ID:
            raise ValueError(f"{value} is not a database id")
        return number

    def to_url(self, value: int) -> str:
        return str(value)
