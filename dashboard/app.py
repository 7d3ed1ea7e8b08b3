"""Streamlit entry point: ``streamlit run dashboard/app.py``."""
import folium
import streamlit as st
from streamlit_folium import st_folium

st.set_page_config(page_title="Syria conflict events", layout="wide")
st.title("Syria conflict events")
st_folium(folium.Map(location=[35.0, 38.5], zoom_start=7), height=600, returned_objects=[])
