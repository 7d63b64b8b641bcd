"""The append-only, hash-chained audit log (docs/product.md §4.5)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    # Ids rather than foreign keys: the log must outlive the accounts and records it names,
    # and must never be changed by a cascade.
    seq = models.BigIntegerField(_("sequence"), unique=True, editable=False)
    at = models.DateTimeField(_("time"), editable=False)
    actor_id = models.BigIntegerField(_("actor id"), null=True, editable=False)
    actor_label = models.CharField(_("actor"), max_length=150, editable=False)
    acting_organisation_id = models.BigIntegerField(null=True, editable=False)
    acting_team_id = models.BigIntegerField(null=True, editable=False)
    action = models.CharField(_("action"), max_length=64, editable=False)
    object_type = models.CharField(_("object type"), max_length=100, editable=False)
    object_id = models.CharField(_("object id"), max_length=64, editable=False)
    subject_organisation_id = models.BigIntegerField(null=True, editable=False)
    client_address = models.GenericIPAddressField(_("client address"), null=True, editable=False)
    reason = models.TextField(_("reason"), blank=True, editable=False)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, unique=True, editable=False)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["seq"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "seq"], name="audit_object"),
            models.Index(fields=["actor_id", "at"], name="audit_actor_time"),
            models.Index(fields=["acting_organisation_id", "seq"], name="audit_acting_org"),
            models.Index(fields=["subject_organisation_id", "seq"], name="audit_subject_org"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"


class AuditChainHead(models.Model):
    """One row holding the newest link; appending locks it, so links are written one at a time
    by any number of processes."""

    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"audit head #{self.last_seq}"
