"""Tables of workshop rooms (SQLAlchemy 2 declarative ORM). Change them only with a new Alembic migration.

Secrets are never stored: the facilitator's key and each participant's token
are kept as SHA-256 digests (they are long random strings, so a plain digest
is enough). Times are naive UTC.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

__all__ = ["Base", "Room", "Participant", "EstimateRow"]


class Base(DeclarativeBase):
    pass


class Room(Base):
    __tablename__ = "rooms"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    key_hash: Mapped[str] = mapped_column(String(64))
    scenario: Mapped[str] = mapped_column(Text)  # the facilitator's scenario as share-link text
    inputs: Mapped[str] = mapped_column(Text)  # JSON list of input keys
    lang: Mapped[str] = mapped_column(String(8))
    round: Mapped[int] = mapped_column(Integer, default=1)
    round_open: Mapped[bool] = mapped_column(Boolean, default=True)
    show_overview: Mapped[bool] = mapped_column(Boolean, default=False)
    adopted_round: Mapped[int | None] = mapped_column(Integer, nullable=True)
    adopted_count: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime, index=True)

    participants: Mapped[list[Participant]] = relationship(
        back_populates="room", cascade="all, delete-orphan", passive_deletes=True
    )


class Participant(Base):
    __tablename__ = "participants"
    __table_args__ = (UniqueConstraint("room_id", "token_hash", name="uq_participant_token"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("rooms.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)

    room: Mapped[Room] = relationship(back_populates="participants")
    estimates: Mapped[list[EstimateRow]] = relationship(
        back_populates="participant", cascade="all, delete-orphan", passive_deletes=True
    )


class EstimateRow(Base):
    __tablename__ = "estimates"
    __table_args__ = (UniqueConstraint("participant_id", "round", "input_key", name="uq_estimate"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    round: Mapped[int] = mapped_column(Integer)
    input_key: Mapped[str] = mapped_column(String(64))
    low: Mapped[float] = mapped_column(Float)
    likely: Mapped[float] = mapped_column(Float)
    high: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(String(400), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    participant: Mapped[Participant] = relationship(back_populates="estimates")
