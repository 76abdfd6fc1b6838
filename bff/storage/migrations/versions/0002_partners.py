"""partners (callers) with their allowed origins and theme, seeded

Revision ID: 0002
Revises: 0001
"""
from datetime import datetime, timezone

from alembic import context, op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

# The seeds as they were when this migration was written; later edits go through the admin.
# LOCAL lets the demo embed the widgets from this machine: never stored in production
# (bff.storage.upgrade tells; a production start refuses loopback origins, bff/callers.py).
LOCAL = ["http://localhost:*", "http://127.0.0.1:*"]
SEEDS = [
    ("parcoursup", "Parcoursup", "parcoursup",
     ["https://dossierappel.parcoursup.fr", "https://www.parcoursup.gouv.fr"] + LOCAL),
    ("affelnet", "Affelnet lycée", "affelnet",
     ["https://affectation3e.phm.education.gouv.fr"] + LOCAL),
    ("demo", "Démonstration", None, LOCAL),
]


def upgrade() -> None:
    partners = op.create_table(
        'partners',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=40), nullable=False),
        sa.Column('label', sa.String(length=80), nullable=False),
        sa.Column('platform', sa.String(length=20), nullable=True),
        sa.Column('allowed_origins', sa.Text(), nullable=False),
        sa.Column('primary_color', sa.String(length=7), nullable=True),
        sa.Column('scheme', sa.String(length=10), nullable=True),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('revision', sa.Integer(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('name'),
    )
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    production = bool(context.config.attributes.get("production"))
    op.bulk_insert(partners, [
        {"name": name, "label": label, "platform": platform,
         "allowed_origins": "\n".join(o for o in origins if not (production and o in LOCAL)),
         "primary_color": None, "scheme": None, "active": True, "revision": 1,
         "updated_at": now}
        for name, label, platform, origins in SEEDS])


def downgrade() -> None:
    op.drop_table('partners')
