"""Rows a list only shows, read as model instances at a fraction of what Django's instantiation costs.

`shown(queryset)` reads its rows as Django would (`ModelIterable`: the same query, the same columns, the
same related objects of select_related, annotations and prefetches), but builds each instance as
`Model.from_db` leaves it without calling `Model.__init__`: the values loaded go straight into the
instance's `__dict__`, where `__init__` would have stored them one `setattr` at a time, and `post_init` is
sent as `__init__` sends it. That holds only for models whose fields store what they are given (Django's
own descriptors and modeltranslation's, for fields that are not relations), with no `__init__` or
`from_db` of their own and nothing listening to `pre_init`; other models' rows are instantiated as usual.

A related object of select_related that many rows share (a document's organization) is built once per
query and shared by those rows, unless something else (a prefetch through it, a reverse one-to-one) could
tell the copies apart. Such rows are for reading: a list's page or export, never saved.
"""

from __future__ import annotations

import inspect
from functools import cache

from django.db.models import ForeignKey, Model
from django.db.models.base import ModelState
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query import ModelIterable, RelatedPopulator
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init, pre_init
from modeltranslation.fields import TranslationFieldDescriptor

# Related objects a query shares, at most, per relation: past it, they are built for each row.
MAX_SHARED = 10_000


def _stores_plainly(model, field) -> bool:
    descriptor = inspect.getattr_static(model, field.attname, None)
    if type(descriptor) in (DeferredAttribute, ForeignKeyDeferredAttribute):
        return True
    # modeltranslation's descriptor of a translated field stores what __init__ gives it as it is.
    return type(descriptor) is TranslationFieldDescriptor and not isinstance(descriptor.field, ForeignKey)


def _own_init(model) -> bool:
    for klass in model.__mro__:
        if klass is Model:
            return False
        init = vars(klass).get("__init__")
        # modeltranslation wraps Model.__init__ of the models it translates, to rewrite keyword arguments:
        # instances loaded from the database are given none.
        if init is not None and not (klass is model and init.__name__ == "new_init"):
            return True
    return False


@cache
def _buildable(model, attnames: tuple[str, ...]) -> bool:
    """Whether `__init__` would only store the values of `attnames` (the fields it is given; those
    deferred it leaves alone)."""
    loaded = set(attnames)
    return (
        model.from_db.__func__ is Model.from_db.__func__
        and not _own_init(model)
        and all(_stores_plainly(model, field) for field in model._meta.concrete_fields if field.attname in loaded)
    )


def _builder(model, db: str, attnames: list[str]):
    """Makes instances of `model` from rows of `attnames` values as `model.from_db(db, attnames, values)`
    makes them, or is `model.from_db` itself where that cannot be done without it."""
    if not _buildable(model, tuple(attnames)) or pre_init.has_listeners(model):

        def build(values):
            return model.from_db(db, attnames, values)

        return build
    names = tuple(attnames)
    listened = post_init.has_listeners(model)
    new = model.__new__

    def build(values):
        obj = new(model)
        obj._state = ModelState()
        obj.__dict__.update(zip(names, values, strict=False))
        if listened:
            post_init.send(sender=model, instance=obj)
        obj._state.adding = False
        obj._state.db = db
        return obj

    return build


class _Related(RelatedPopulator):
    """A RelatedPopulator building its objects with `_builder`, and sharing an object among the rows that
    hold the same one when `shared` (see the module's docstring)."""

    def __init__(self, klass_info, select, db, unshared: frozenset):
        super().__init__(klass_info, select, db)
        field = klass_info.get("field")
        self.related_populators = [
            _Related(info, select, db, frozenset()) for info in klass_info.get("related_klass_infos", [])
        ]
        self.build = _builder(self.model_cls, db, self.init_list)
        self.shared = (
            {}
            if field is not None
            and not klass_info.get("reverse")
            and not field.unique
            and field.name not in unshared
            and not self.related_populators
            else None
        )

    def populate(self, row, from_obj):
        data = self.reorder_for_init(row) if self.reorder_for_init else row[self.cols_start : self.cols_end]
        key = data[self.pk_idx]
        if key is None:
            obj = None
        elif self.shared is not None and key in self.shared:
            obj = self.shared[key]
        else:
            obj = self.build(data)
            for populator in self.related_populators:
                populator.populate(row, obj)
            if self.shared is not None and len(self.shared) < MAX_SHARED:
                self.shared[key] = obj
        self.local_setter(from_obj, obj)
        if obj is not None:
            self.remote_setter(obj, from_obj)


class ShownRows(ModelIterable):
    """Django's ModelIterable, building instances with `_builder` (see the module's docstring)."""

    def __iter__(self):
        queryset = self.queryset
        db = queryset.db
        compiler = queryset.query.get_compiler(using=db)
        results = compiler.execute_sql(chunked_fetch=self.chunked_fetch, chunk_size=self.chunk_size)
        select, klass_info, annotation_col_map = compiler.select, compiler.klass_info, compiler.annotation_col_map
        model_cls = klass_info["model"]
        select_fields = klass_info["select_fields"]
        start, end = select_fields[0], select_fields[-1] + 1
        init_list = [f[0].target.attname for f in select[start:end]]
        build = _builder(model_cls, db, init_list)
        # A relation the rows' prefetches go through keeps one object per row, as Django makes them.
        through = frozenset(
            getattr(lookup, "prefetch_through", lookup).split("__")[0] for lookup in queryset._prefetch_related_lookups
        )
        populators = [_Related(info, select, db, through) for info in klass_info.get("related_klass_infos", [])]
        known = [
            (
                field,
                objects,
                [
                    field.attname if from_field == "self" else queryset.model._meta.get_field(from_field).attname
                    for from_field in field.from_fields
                ],
            )
            for field, objects in queryset._known_related_objects.items()
        ]
        for row in compiler.results_iter(results):
            obj = build(row[start:end])
            for populator in populators:
                populator.populate(row, obj)
            if annotation_col_map:
                for name, position in annotation_col_map.items():
                    setattr(obj, name, row[position])
            for field, objects, attnames in known:
                # As Django does: what select_related loaded stays.
                if field.is_cached(obj):
                    continue
                key = getattr(obj, attnames[0]) if len(attnames) == 1 else tuple(getattr(obj, a) for a in attnames)
                if key in objects:
                    setattr(obj, field.name, objects[key])
            yield obj


def shown(queryset):
    """`queryset`, its rows read as ShownRows."""
    queryset = queryset.all()
    queryset._iterable_class = ShownRows
    return queryset
