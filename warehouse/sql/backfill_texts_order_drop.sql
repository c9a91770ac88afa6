-- warehouse/backfill_state.py: the text pass is over; its order table goes.
DROP TABLE IF EXISTS _backfill_text_order;
