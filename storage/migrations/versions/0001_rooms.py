"""Workshop rooms, their participants and estimates.

Revision ID: 0001
Revises:
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rooms",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("key_hash", sa.String(64), nullable=False),
        sa.Column("scenario", sa.Text, nullable=False),
        sa.Column("inputs", sa.Text, nullable=False),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("round", sa.Integer, nullable=False),
        sa.Column("round_open", sa.Boolean, nullable=False),
        sa.Column("show_overview", sa.Boolean, nullable=False),
        sa.Column("adopted_round", sa.Integer, nullable=True),
        sa.Column("adopted_count", sa.Integer, nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_rooms_code", "rooms", ["code"], unique=True)
    op.create_index("ix_rooms_expires_at", "rooms", ["expires_at"])
    op.create_table(
        "participants",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("room_id", sa.Integer, sa.ForeignKey("rooms.id", ondelete="CASCADE"), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("room_id", "token_hash", name="uq_participant_token"),
    )
    op.create_index("ix_participants_room_id", "participants", ["room_id"])
    op.create_table(
        "estimates",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("participant_id", sa.Integer, sa.ForeignKey("participants.id", ondelete="CASCADE"), nullable=False),
        sa.Column("round", sa.Integer, nullable=False),
        sa.Column("input_key", sa.String(64), nullable=False),
        sa.Column("low", sa.Float, nullable=False),
        sa.Column("likely", sa.Float, nullable=False),
        sa.Column("high", sa.Float, nullable=False),
        sa.Column("note", sa.String(400), nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("participant_id", "round", "input_key", name="uq_estimate"),
    )
    op.create_index("ix_estimates_participant_id", "estimates", ["participant_id"])


def downgrade() -> None:
    op.drop_table("estimates")
    op.drop_table("participants")
    op.drop_table("rooms")
