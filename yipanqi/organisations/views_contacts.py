"""找网格员: a resident's grid workers, by name and grid, and how to ask them for help."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from yipanqi.organisations import selectors


@login_required
def grid_contacts(request):
    grids = selectors.grid_contacts(user=request.user)
    return render(request, "organisations/grid_contacts.html", {"grids": grids})
