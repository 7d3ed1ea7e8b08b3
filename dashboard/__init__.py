"""The Streamlit page: map, filters, table, timeline, article intake and export."""
