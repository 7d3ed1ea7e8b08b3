"""Streamlit entry point: ``streamlit run dashboard/app.py``."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import geopandas as gpd
import streamlit as st
from streamlit_folium import st_folium

from dashboard import assets, base_layers
from dashboard import map as event_map
from events import schema

st.set_page_config(page_title="Syria conflict events", layout="wide")


@st.cache_resource
def _assets():
    return assets.install()


@st.cache_resource
def _base():
    return base_layers.load()


_assets()
base, base_msg = _base()
st.title("Syria conflict events")
events = schema.empty()
fmap = event_map.build(events, base)
st_folium(fmap, height=600, use_container_width=True, returned_objects=[])
