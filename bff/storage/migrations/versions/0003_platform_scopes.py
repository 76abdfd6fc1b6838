"""text scopes gain the platform: guide overrides saved under a platform's name move there

Texts are read caller, then platform (scope "platform:<name>"), then every caller ("*"),
then default (bff/texts.py). Before this revision the guide alone read an override saved
for the caller named "parcoursup" or "affelnet" as that platform's wording, for every
partner of the platform; the other widgets read it for that caller only. So that no
wording changes for anyone who saw it in the guide, the guide's overrides stored under
those two names move to their platform's scope (entry, draft and history alike: the
entry keeps its id). Every other override keeps its caller scope.

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

PLATFORMS = ("parcoursup", "affelnet")
entries = sa.table("content_entries", sa.column("id", sa.Integer), sa.column("kind", sa.String),
                   sa.column("key", sa.String), sa.column("scope", sa.String))


def upgrade() -> None:
    for platform in PLATFORMS:
        op.execute(entries.update()
                   .where(entries.c.kind == "text", entries.c.key.like("guide.%"),
                          entries.c.scope == platform)
                   .values(scope=f"platform:{platform}"))


def downgrade() -> None:
    for platform in PLATFORMS:
        # Back to the caller's name where that caller has no entry of its own; the others
        # stay (older code ignores them), so that nothing an editor wrote is lost.
        own = sa.select(sa.literal(1)).select_from(
            entries.alias("other")).where(sa.text("other.kind = content_entries.kind "
                                                  "AND other.key = content_entries.key "
                                                  f"AND other.scope = '{platform}'"))
        op.execute(entries.update()
                   .where(entries.c.kind == "text", entries.c.scope == f"platform:{platform}",
                          ~sa.exists(own))
                   .values(scope=platform))
